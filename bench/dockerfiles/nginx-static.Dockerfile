# A static documentation site: built with a generator, served by nginx with a custom config.
FROM node:20-bookworm-slim AS site
WORKDIR /site
COPY package*.json ./
RUN npm ci
COPY docs/ docs/
COPY .vitepress/ .vitepress/
RUN npx vitepress build docs

FROM nginx:1.27-alpine
RUN rm /etc/nginx/conf.d/default.conf
COPY <<'NGINX' /etc/nginx/conf.d/site.conf
server {
    listen       8080;
    server_name  _;
    root         /usr/share/nginx/html;

    gzip on;
    gzip_types text/css application/javascript image/svg+xml;

    location / {
        try_files $uri $uri.html $uri/ =404;
    }
    location ~* \.(?:css|js|woff2|svg|png)$ {
        expires 30d;
        add_header Cache-Control "public, immutable";
    }
    error_page 404 /404.html;
}
NGINX
COPY --from=site /site/docs/.vitepress/dist /usr/share/nginx/html
RUN chown -R nginx:nginx /usr/share/nginx/html /var/cache/nginx \
 && touch /var/run/nginx.pid \
 && chown nginx:nginx /var/run/nginx.pid
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=1m --timeout=2s CMD wget -q --spider http://127.0.0.1:8080/ || exit 1
CMD ["nginx", "-g", "daemon off;"]
