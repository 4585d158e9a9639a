# syntax=docker/dockerfile:1.7
# Python API with a virtualenv built in a full image and copied into a slim one.

ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        build-essential \
        libpq-dev \
        libffi-dev \
    ; \
    rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

WORKDIR /src
COPY requirements.txt requirements-lock.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --require-hashes -r requirements-lock.txt

COPY pyproject.toml ./
COPY app ./app
RUN pip install --no-deps .

FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ARG APP_USER=app
ARG APP_UID=10001

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libpq5 ca-certificates; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system --gid "${APP_UID}" "${APP_USER}"; \
    useradd --system --uid "${APP_UID}" --gid "${APP_USER}" --home-dir /app --shell /usr/sbin/nologin "${APP_USER}"

COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PORT=8000

WORKDIR /app
COPY --chown=${APP_USER}:${APP_USER} gunicorn.conf.py ./
USER ${APP_USER}
EXPOSE ${PORT}
STOPSIGNAL SIGTERM
HEALTHCHECK CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health').status == 200 else 1)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "app.main:create_app()"]
