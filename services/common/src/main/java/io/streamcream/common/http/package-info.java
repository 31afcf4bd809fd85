/** HTTP building blocks: the envelope, the error mapper, request reading and route declarations. */
package io.streamcream.common.http;
