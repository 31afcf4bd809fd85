/** Request rate limits. */
package io.streamcream.common.limits;
