/** GPT-SoVITS service (port 9880). */
package io.streamcream.sovits;
