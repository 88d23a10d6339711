# graphkit's app (API + network maps) for docker-compose; the store is the neo4j service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (a layer that survives code edits), then the code.
COPY pyproject.toml README.md ./
COPY graphkit ./graphkit
COPY api ./api
COPY visualisations ./visualisations
# The Cypher statements are read from /app/cypher beside the package (graphkit.store.cypher),
# so the project is installed in place (editable), not copied into site-packages.
COPY cypher ./cypher
RUN pip install -e . \
    && useradd --system --create-home --home-dir /var/lib/graphkit graphkit \
    && chown graphkit /var/lib/graphkit

USER graphkit
# API tokens (hashed) live on a volume; the network itself lives in Neo4j.
ENV GRAPHKIT_TOKENS_PATH=/var/lib/graphkit/tokens.sqlite
VOLUME ["/var/lib/graphkit"]

EXPOSE 8000
CMD ["graphkit", "serve", "--host", "0.0.0.0", "--port", "8000"]
