package io.streamcream.tts.mouth;

/**
 * One character of the text as the mouth sees it.
 *
 * @param text    the character (one code point)
 * @param vowel   its vowel class, empty for pauses
 * @param pause   whether the mouth rests here (punctuation, spaces, symbols)
 * @param seconds estimated length
 */
record MouthUnit(String text, String vowel, boolean pause, double seconds) {
}
