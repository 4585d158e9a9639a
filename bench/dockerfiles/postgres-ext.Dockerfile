# A database image with an extension compiled from source and init scripts, in the style of the
# official images: pinned versions, build dependencies removed in the same layer.
FROM postgres:16-bookworm

ENV PG_MAJOR=16 \
    PGVECTOR_VERSION=0.7.4 \
    PARTMAN_VERSION=5.1.0

RUN set -eux; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        gcc \
        make \
        postgresql-server-dev-$PG_MAJOR \
    ; \
    mkdir -p /usr/src/pgvector; \
    curl -fsSL -o pgvector.tar.gz "https://github.com/pgvector/pgvector/archive/refs/tags/v${PGVECTOR_VERSION}.tar.gz"; \
    tar -xzf pgvector.tar.gz -C /usr/src/pgvector --strip-components=1; \
    rm pgvector.tar.gz; \
    make -C /usr/src/pgvector -j"$(nproc)" OPTFLAGS=""; \
    make -C /usr/src/pgvector install; \
    rm -rf /usr/src/pgvector; \
    apt-mark auto '.*' > /dev/null; \
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    rm -rf /var/lib/apt/lists/*

COPY --chmod=0755 docker-entrypoint-initdb.d/ /docker-entrypoint-initdb.d/
RUN cat > /docker-entrypoint-initdb.d/00-extensions.sql <<'SQL'
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SQL

ENV POSTGRES_INITDB_ARGS="--data-checksums"
HEALTHCHECK --interval=10s --timeout=5s --retries=5 \
    CMD pg_isready -U "${POSTGRES_USER:-postgres}" -d "${POSTGRES_DB:-postgres}" || exit 1
