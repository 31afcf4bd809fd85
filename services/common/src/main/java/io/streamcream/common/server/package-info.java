/** Server assembly shared by every service: the platform and the common features. */
package io.streamcream.common.server;
