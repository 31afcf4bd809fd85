/**
 * Polyphone readings from upstream's g2pW model: its label tables and the batched inference over a sentence.
 */
package io.streamcream.sovits.g2pw;
