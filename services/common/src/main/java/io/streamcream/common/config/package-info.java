/** Configuration loading, environment overrides and the data directory. */
package io.streamcream.common.config;
