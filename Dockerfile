# Multi-stage build of the dashboard: SDK to build, ASP.NET runtime to run, as the image's non-root `app` user with
# its data in the /data volume. scripts/check-published (run by the test command) does what this file does without a
# docker engine: publish in Release, run the output as a non-root user, and check health and the pages.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Dashboard.sln ./
COPY src/ src/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/Web/Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV DASHBOARD_DATA=/data ASPNETCORE_URLS=http://+:8080
# Owned by `app` before it becomes a volume, so a fresh named volume is writable by the non-root user.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s CMD ["dotnet", "Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "Web.dll"]
