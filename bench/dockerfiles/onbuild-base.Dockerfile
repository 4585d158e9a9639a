# A team base image: common tooling, and ONBUILD steps that run in every image built FROM it.
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
      curl \
      jq \
      tini \
      gosu \
 && rm -rf /var/lib/apt/lists/* \
 && gosu nobody true

ENV APP_HOME=/srv/app
WORKDIR $APP_HOME

ONBUILD ARG BUILD_REVISION
ONBUILD LABEL org.opencontainers.image.revision=$BUILD_REVISION
ONBUILD COPY --chown=1000:1000 . $APP_HOME
ONBUILD RUN if [ -x ./build.sh ]; then ./build.sh; fi

COPY <<"EOT" /usr/local/bin/entrypoint.sh
#!/bin/sh
set -e
if [ "$(id -u)" = "0" ]; then
  exec gosu 1000:1000 "$@"
fi
exec "$@"
EOT
RUN chmod 0755 /usr/local/bin/entrypoint.sh

VOLUME ["/srv/app/data"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/entrypoint.sh"]
CMD ["sh"]
