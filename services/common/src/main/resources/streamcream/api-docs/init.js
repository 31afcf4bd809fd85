// Starts Swagger UI on this service's own document; every asset is served by the service itself.
window.addEventListener("load", function () {
    window.ui = SwaggerUIBundle({
        url: "/openapi?format=json",
        dom_id: "#swagger-ui",
        deepLinking: true,
        validatorUrl: null,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        plugins: [SwaggerUIBundle.plugins.DownloadUrl],
        layout: "StandaloneLayout"
    });
});
