# Multi-stage build of the dashboard: SDK to build, ASP.NET runtime to run. Finished in the operations issue
# (non-root user, /data volume and health check are already here).
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
VOLUME /data
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s CMD ["dotnet", "Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "Web.dll"]
