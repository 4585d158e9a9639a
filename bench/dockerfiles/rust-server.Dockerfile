# syntax=docker/dockerfile:1
ARG RUST_VERSION=1.82
ARG APP_NAME=ledger

FROM rust:${RUST_VERSION}-slim-bookworm AS planner
WORKDIR /app
RUN cargo install cargo-chef --locked --version 0.1.68
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM rust:${RUST_VERSION}-slim-bookworm AS builder
ARG APP_NAME
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev && rm -rf /var/lib/apt/lists/*
RUN cargo install cargo-chef --locked --version 0.1.68
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/app/target,sharing=locked \
    cargo build --release --locked --bin ${APP_NAME} \
 && cp target/release/${APP_NAME} /usr/local/bin/server

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home ledger
COPY --from=builder /usr/local/bin/server /usr/local/bin/server
ENV RUST_LOG=info \
    LISTEN_ADDR=0.0.0.0:3000
USER ledger
EXPOSE 3000
ENTRYPOINT ["/usr/local/bin/server"]
