/**
 * Hand-written downcalls into {@code libcudart} and its locator. Not exported: use {@code io.streamcream.nativebindings.cuda}.
 */
package io.streamcream.nativebindings.cuda.internal;
