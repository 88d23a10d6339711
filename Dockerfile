# graphkit's app (API + network maps) for docker-compose; the store is the neo4j service.
# Built as a wheel and installed like any other package: nothing runs from a source tree.
# the full image: it has the C compiler the analysis kernels (graphkit/analysis/_kernels.c)
# are built with; the wheel it makes needs none
FROM python:3.11 AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY graphkit ./graphkit
COPY api ./api
COPY visualisations ./visualisations
COPY cypher ./cypher
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --system --create-home --home-dir /var/lib/graphkit graphkit \
    && chown graphkit /var/lib/graphkit

USER graphkit
WORKDIR /var/lib/graphkit
# API tokens (hashed) live on a volume; the network itself lives in Neo4j.
ENV GRAPHKIT_TOKENS_PATH=/var/lib/graphkit/tokens.sqlite
VOLUME ["/var/lib/graphkit"]

EXPOSE 8000
CMD ["graphkit", "serve", "--host", "0.0.0.0", "--port", "8000"]
