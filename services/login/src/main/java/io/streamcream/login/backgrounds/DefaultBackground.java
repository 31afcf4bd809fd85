package io.streamcream.login.backgrounds;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import javax.imageio.ImageIO;

/**
 * The background served when a user has none: a soft cream-to-pink gradient with a few translucent
 * bubbles and a wave, drawn by this class (no text, so no fonts are needed) and encoded as PNG once
 * per process. The drawing is deterministic, so its ETag is stable across restarts.
 */
final class DefaultBackground {

    /** Name reported for the default image. */
    static final String NAME = "default.png";

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;

    private final byte[] png;
    private final String etag;
    private final Instant modifiedAt;

    private DefaultBackground(byte[] png, Instant modifiedAt) {
        this.png = png;
        this.modifiedAt = modifiedAt;
        this.etag = "\"default-" + HexFormat.of().formatHex(sha256(png), 0, 8) + "\"";
    }

    /**
     * Draws and encodes the image.
     *
     * @param now creation time (reported as Last-Modified)
     * @return the image
     */
    static DefaultBackground draw(Instant now) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(0xFFF6E5), WIDTH, HEIGHT, new Color(0xFFD9E6)));
            g.fillRect(0, 0, WIDTH, HEIGHT);

            Path2D wave = new Path2D.Double();
            wave.moveTo(0, HEIGHT * 0.72);
            for (int x = 0; x <= WIDTH; x += 8) {
                wave.lineTo(x, HEIGHT * 0.72 + Math.sin(x / 160.0) * 28 + Math.sin(x / 53.0) * 6);
            }
            wave.lineTo(WIDTH, HEIGHT);
            wave.lineTo(0, HEIGHT);
            wave.closePath();
            g.setPaint(new GradientPaint(0, (float) (HEIGHT * 0.65), new Color(255, 255, 255, 170),
                    0, HEIGHT, new Color(255, 200, 215, 220)));
            g.fill(wave);

            // Bubbles at positions from a fixed linear congruential sequence: the same image every time.
            long seed = 20_240_101L;
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
            for (int i = 0; i < 18; i++) {
                seed = (seed * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L);
                double x = ((seed >>> 16) % WIDTH);
                seed = (seed * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L);
                double y = ((seed >>> 16) % (int) (HEIGHT * 0.8));
                seed = (seed * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L);
                double r = 18 + ((seed >>> 16) % 70);
                g.setPaint(new RadialGradientPaint((float) x, (float) y, (float) r,
                        new float[] {0f, 0.7f, 1f},
                        new Color[] {new Color(255, 255, 255, 230), new Color(255, 235, 240, 120), new Color(255, 220, 230, 0)}));
                g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DefaultBackground(out.toByteArray(), now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** @return PNG bytes (do not modify) */
    byte[] png() {
        return png;
    }

    /** @return strong validator */
    String etag() {
        return etag;
    }

    /** @return Last-Modified */
    Instant modifiedAt() {
        return modifiedAt;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
