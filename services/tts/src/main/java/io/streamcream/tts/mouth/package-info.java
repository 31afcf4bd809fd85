/** Mouth-shape timelines for the Live2D avatar. */
package io.streamcream.tts.mouth;
