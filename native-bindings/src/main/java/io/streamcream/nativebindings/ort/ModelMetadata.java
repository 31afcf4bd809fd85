package io.streamcream.nativebindings.ort;

/**
 * The model's {@code OrtModelMetadata}; custom {@code metadata_props} are read with {@link Session#customMetadata}.
 *
 * @param producerName {@code producer_name}
 * @param graphName    the graph's name
 * @param domain       {@code domain}
 * @param description  {@code doc_string}
 * @param version      {@code model_version}
 */
public record ModelMetadata(String producerName, String graphName, String domain, String description, long version) {
}
