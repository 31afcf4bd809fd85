/** HTTP faces of the GPT-SoVITS service: api_v2 (and the original fork), and /gpt-sovits. */
package io.streamcream.sovits.http;
