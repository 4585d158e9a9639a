# syntax=docker/dockerfile:1
ARG DOTNET_VERSION=8.0
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
ARG CONFIGURATION=Release
WORKDIR /source

COPY *.sln .
COPY src/Inventory.Api/*.csproj src/Inventory.Api/
COPY src/Inventory.Domain/*.csproj src/Inventory.Domain/
COPY tests/Inventory.Tests/*.csproj tests/Inventory.Tests/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore -a $TARGETARCH

COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Inventory.Api -c $CONFIGURATION -a $TARGETARCH --no-restore -o /app

FROM build AS tests
RUN dotnet test --no-restore --verbosity minimal

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-bookworm-slim AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_gcServer=0
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Inventory.Api.dll"]
