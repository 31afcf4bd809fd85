package io.streamcream.tts.mouth;

import java.util.ArrayList;
import java.util.List;

import io.streamcream.tts.audio.PcmAudio;

/** Builds mouth-shape timelines: estimated from text, or aligned to real speech. */
public final class MouthTimelines {

    private MouthTimelines() {
    }

    /**
     * @param text     the text (every character gets an entry)
     * @param duration the total length to scale to, or 0 to keep the estimate
     * @return the timeline
     */
    public static List<MouthEntry> estimate(String text, double duration) {
        List<MouthUnit> units = MouthTextAnalyzer.analyze(text);
        return entries(units, Estimates.scale(units, duration));
    }

    /**
     * @param text  the text that was spoken
     * @param audio the speech
     * @return the timeline, aligned to the audio and as long as it
     */
    public static List<MouthEntry> aligned(String text, PcmAudio audio) {
        List<MouthUnit> units = MouthTextAnalyzer.analyze(text);
        return entries(units, EnergyAligner.align(units, audio));
    }

    /**
     * The original's per-frame mouth values ({@code /text2mouth_param}).
     *
     * @param timeline a timeline
     * @param duration total seconds
     * @param fps      frames per second
     * @return one opening value per frame
     */
    public static List<Double> frames(List<MouthEntry> timeline, double duration, int fps) {
        int count = (int) (duration * fps);
        List<Double> values = new ArrayList<>(count);
        int index = 0;
        for (int frame = 0; frame < count; frame++) {
            double t = frame / (double) fps;
            while (index < timeline.size() - 1 && timeline.get(index).end() <= t) {
                index++;
            }
            values.add(timeline.isEmpty() ? 0.0 : timeline.get(index).mouthOpen());
        }
        return values;
    }

    private static List<MouthEntry> entries(List<MouthUnit> units, double[][] times) {
        List<MouthEntry> entries = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            MouthUnit unit = units.get(i);
            String vowel = unit.pause() ? "" : unit.vowel();
            entries.add(new MouthEntry(round(times[i][0]), round(times[i][1]), vowel, unit.text(),
                    Viseme.open(vowel), Viseme.shape(vowel)));
        }
        return entries;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
