package io.streamcream.streaming.media;

import java.util.List;
import java.util.Optional;

/** Events of a pipeline, called on its own thread; implementations must not block for long. */
public interface PipelineListener {

    /**
     * At least one destination accepted the stream.
     *
     * @param connected the destinations that are live
     * @param mode      {@code copy} or {@code transcode}
     */
    void connected(List<Destination> connected, String mode);

    /**
     * One destination failed; the others carry on.
     *
     * @param destination the failed one
     */
    void destinationFailed(Destination destination);

    /**
     * The pipeline ended and every native context was freed.
     *
     * @param error   why it failed, empty after a clean end
     * @param aborted whether it was aborted (not flushed)
     */
    void finished(Optional<String> error, boolean aborted);
}
