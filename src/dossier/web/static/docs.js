// Starts Swagger UI (vendored in /static/swagger-ui/) on the app's own OpenAPI document.
"use strict";
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
