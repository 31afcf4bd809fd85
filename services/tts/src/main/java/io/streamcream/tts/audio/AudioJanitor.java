package io.streamcream.tts.audio;

import java.lang.System.Logger.Level;
import java.time.Duration;

/** Removes expired audio files in the background, on a daemon virtual thread. */
public final class AudioJanitor {

    private static final System.Logger LOG = System.getLogger(AudioJanitor.class.getName());

    private AudioJanitor() {
    }

    /**
     * @param store    the files
     * @param ttl      how long a file lives
     * @param interval how often to look
     * @return the janitor thread (interrupt it to stop)
     */
    public static Thread start(AudioStore store, Duration ttl, Duration interval) {
        return Thread.ofVirtual().name("tts-audio-janitor").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                    int removed = store.expire(ttl);
                    if (removed > 0) {
                        LOG.log(Level.DEBUG, "Removed " + removed + " expired audio files");
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Audio clean-up failed; trying again later", e);
                }
            }
        });
    }
}
