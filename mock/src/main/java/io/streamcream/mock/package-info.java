/** WireMock stand-ins for the four StreamCream services, replaying the Apifox payloads of the API document (§4.1). */
package io.streamcream.mock;
