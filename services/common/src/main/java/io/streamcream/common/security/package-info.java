/** JWT issuing and verification, revocation, generated keys. */
package io.streamcream.common.security;
