// Swagger UI over the app's own OpenAPI document (fetched with the page's session cookie);
// "Authorize" takes an API token for trying calls.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
  validatorUrl: null,  // the default badge asks validator.swagger.io: nothing leaves the machine
});
