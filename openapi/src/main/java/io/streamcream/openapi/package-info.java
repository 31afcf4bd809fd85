/** The combined OpenAPI document of StreamCream's four services. */
package io.streamcream.openapi;
