package io.streamcream.streaming;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.streamcream.streaming.media.Destination;
import io.streamcream.streaming.media.Pipeline;
import io.streamcream.streaming.media.PipelineListener;
import io.streamcream.streaming.media.PipelineSpec;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The pipeline keeps its own close deadline: once the drain budget given with the end of stream is
 * spent it stops by itself, without the session's ticker, and a drain that fits the budget is not cut.
 */
class PipelineDrainDeadlineIT {

    static final TestMedia.Clip H264 = TestMedia.h264Opus(320, 240, 25, 1);

    @Test
    void aDrainBlockedOnASilentServerStopsWhenItsBudgetIsSpent() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // The connect deadline (30 s) is far away: only the drain budget can end this pipeline soon.
            RecordingListener listener = new RecordingListener();
            Pipeline pipeline = Pipeline.start("drain-silent", spec("rtmp://127.0.0.1:" + silent.getLocalPort()
                    + "/live/k", 30_000), listener);
            offerAll(pipeline, H264.bytes());
            Thread.sleep(200);
            long ended = System.nanoTime();
            pipeline.endOfStream(Duration.ofMillis(300));
            assertThat(pipeline.awaitTermination(Duration.ofSeconds(2)), is(true));
            long millis = (System.nanoTime() - ended) / 1_000_000;
            assertThat(millis, lessThan(1_000L));
            assertThat(pipeline.closeMillis(), greaterThanOrEqualTo(300L));
            assertThat(pipeline.closeMillis(), lessThan(1_000L));
            assertThat(listener.finished.get(5, TimeUnit.SECONDS), is(true));
        }
        StreamingProtocolTests.assertContextsFreedWithin(2_000);
    }

    @Test
    void aDrainWithinItsBudgetDeliversEverythingAndWritesTheTrailer() throws Exception {
        try (RtmpSink sink = RtmpSink.start()) {
            RecordingListener listener = new RecordingListener();
            Pipeline pipeline = Pipeline.start("drain-live", spec(sink.serverUrl() + "/" + sink.key(), 5_000), listener);
            offerAll(pipeline, H264.bytes());
            pipeline.endOfStream(Duration.ofSeconds(5));
            assertThat(pipeline.awaitTermination(Duration.ofSeconds(6)), is(true));
            assertThat(listener.finished.get(5, TimeUnit.SECONDS), is(false));
            assertThat(listener.error, is(Optional.empty()));
            assertThat(pipeline.closeMillis(), lessThan(5_000L));
            RtmpSink.Received received = sink.awaitEnd(5_000);
            assertThat(received, notNullValue());
            assertThat(received.videoPackets(), greaterThan(0L));
            assertThat(pipeline.videoFrames(), is((long) H264.videoFrames()));
        }
        StreamingProtocolTests.assertContextsFreedWithin(2_000);
    }

    private static PipelineSpec spec(String url, long connectTimeoutMillis) {
        return new PipelineSpec(List.of(url), 0, 0, 25, 500, false, 32L * 1024 * 1024, connectTimeoutMillis, 5_000);
    }

    private static void offerAll(Pipeline pipeline, byte[] clip) throws InterruptedException {
        int size = (clip.length + 7) / 8;
        for (int offset = 0; offset < clip.length; offset += size) {
            byte[] chunk = Arrays.copyOfRange(clip, offset, Math.min(clip.length, offset + size));
            assertThat(pipeline.offer(chunk, Duration.ofSeconds(1)), is(true));
        }
    }

    /** Keeps how the pipeline finished: {@code finished} completes with whether it was aborted. */
    private static final class RecordingListener implements PipelineListener {
        final CompletableFuture<Boolean> finished = new CompletableFuture<>();
        volatile Optional<String> error = Optional.empty();

        @Override
        public void connected(List<Destination> connected, String mode) {
        }

        @Override
        public void destinationFailed(Destination destination) {
        }

        @Override
        public void finished(Optional<String> error, boolean aborted) {
            this.error = error;
            finished.complete(aborted);
        }
    }
}
