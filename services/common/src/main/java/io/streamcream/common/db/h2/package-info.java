/**
 * The embedded H2 file database's durability guard: a file-system wrapper that keeps the MVStore
 * file header pointing at the newest chunk, so a killed process never loses an acknowledged commit.
 */
package io.streamcream.common.db.h2;
