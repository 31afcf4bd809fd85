/** The login service, port 9080. */
package io.streamcream.login;
