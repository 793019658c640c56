# The storefront host. Build: docker build -t storefront . (docker-compose.yml does it for you.)
# Base images are build arguments, the official ones by default; scripts/compose-test.sh passes locally built ones on
# machines that cannot reach a registry. PUBLISHED names a folder of the build context that already holds
# `dotnet publish` output (made on the host, where NuGet restores): then the first stage only copies it, and any image
# with a shell will do as SDK_IMAGE.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
ARG PUBLISHED=
WORKDIR /src
COPY . .
RUN if [ -n "$PUBLISHED" ]; then cp -a "$PUBLISHED" /app; \
    else dotnet publish src/Storefront.Web/Storefront.Web.csproj -c Release -o /app; fi

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Storefront.Web.dll"]
