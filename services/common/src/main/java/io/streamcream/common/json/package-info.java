/** JSON reading and writing with hostile-input limits. */
package io.streamcream.common.json;
