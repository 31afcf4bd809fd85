package io.streamcream.login.backgrounds;

import java.util.Optional;

/** The image formats accepted as backgrounds, with the extension and media type they are stored and served with. */
public enum ImageType {
    /** Portable Network Graphics. */
    PNG("png", "image/png", "png"),
    /** JPEG (JFIF / Exif). */
    JPEG("jpg", "image/jpeg", "jpeg"),
    /** WebP (lossy, lossless or extended). */
    WEBP("webp", "image/webp", null),
    /** GIF 87a / 89a. */
    GIF("gif", "image/gif", "gif"),
    /** Windows bitmap. */
    BMP("bmp", "image/bmp", "bmp");

    private final String extension;
    private final String mediaType;
    private final String imageIoFormat;

    ImageType(String extension, String mediaType, String imageIoFormat) {
        this.extension = extension;
        this.mediaType = mediaType;
        this.imageIoFormat = imageIoFormat;
    }

    /** @return file extension without the dot */
    public String extension() {
        return extension;
    }

    /** @return the Content-Type it is served with */
    public String mediaType() {
        return mediaType;
    }

    /** @return the javax.imageio format name, when the JDK can read it */
    Optional<String> imageIoFormat() {
        return Optional.ofNullable(imageIoFormat);
    }

    /**
     * @param extension extension without the dot
     * @return the type stored under it
     */
    static Optional<ImageType> byExtension(String extension) {
        for (ImageType type : values()) {
            if (type.extension.equals(extension)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
