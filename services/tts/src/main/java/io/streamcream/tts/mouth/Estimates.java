package io.streamcream.tts.mouth;

import java.util.List;

/** Timing without audio: the original's per-vowel durations, scaled to the requested length. */
final class Estimates {

    private Estimates() {
    }

    /**
     * @param units text units
     * @param total the wanted total length in seconds, or a value ≤ 0 to keep the estimate
     * @return [start, end] per unit
     */
    static double[][] scale(List<MouthUnit> units, double total) {
        double sum = 0;
        for (MouthUnit unit : units) {
            sum += unit.seconds();
        }
        double factor = total > 0 && sum > 0 ? total / sum : 1.0;
        double[][] times = new double[units.size()][2];
        double t = 0;
        for (int i = 0; i < units.size(); i++) {
            times[i][0] = t;
            t += units.get(i).seconds() * factor;
            times[i][1] = t;
        }
        return times;
    }
}
