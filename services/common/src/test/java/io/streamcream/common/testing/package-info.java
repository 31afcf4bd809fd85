/** Test support shared by the service modules: databases, environments, an HTTP client. */
package io.streamcream.common.testing;
