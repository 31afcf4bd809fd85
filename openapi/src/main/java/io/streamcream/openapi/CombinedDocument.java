package io.streamcream.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Builds the combined document ({@value #RESOURCE}) from the four service documents: every path
 * keeps its service's server as a path-level {@code servers} entry; paths every port has
 * ({@code /health}, {@code /openapi}, ...) appear once with all four servers; components must agree
 * wherever two documents define the same name.
 */
public final class CombinedDocument {

    /** Classpath resource of the combined document. */
    public static final String RESOURCE = "openapi/streamcream-api.yaml";

    /** The services in port order: document resource, server URL and description. */
    public static final List<Service> SERVICES = List.of(
            new Service("login", "openapi/login.yaml", "http://localhost:9080", "用户认证服务"),
            new Service("tts", "openapi/tts.yaml", "http://localhost:5001", "语音合成服务"),
            new Service("streaming", "openapi/streaming.yaml", "http://localhost:8888", "推流服务"),
            new Service("sovits", "openapi/sovits.yaml", "http://localhost:9880", "GPT-SoVITS服务"));

    /** Every string value quoted, so that no YAML reader turns "30" or a timestamp into another type. */
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private CombinedDocument() {
    }

    /**
     * One service document.
     *
     * @param name        the service's name ({@code ServiceServer.Definition#name})
     * @param resource    classpath resource of its document
     * @param url         its server URL
     * @param description the server's description
     */
    public record Service(String name, String resource, String url, String description) {
    }

    /**
     * Merges the service documents.
     *
     * @param documents the document text of each service in {@link #SERVICES}, by service name
     * @return the combined document
     */
    public static ObjectNode combine(Map<String, String> documents) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("openapi", "3.0.3");
        ObjectNode info = root.putObject("info");
        info.put("title", "StreamCream API");
        info.put("description", """
                StreamCream项目完整API文档
                包含用户认证、语音合成、推流服务、GPT-SoVITS等所有接口

                服务端口分布：
                - 用户认证服务: 9080
                - 语音合成服务: 5001
                - 推流服务: 8888
                - GPT-SoVITS服务: 9880

                每个路径的 servers 指明它所在的端口；每个服务也在自己的 /openapi 提供单独的文档，在 /api-docs 提供 Swagger UI。
                9880 的管理接口需要管理令牌（adminToken 或 X-Admin-Token 头，见该服务文档的说明）。
                """);
        info.put("version", "1.0.0");
        ObjectNode contact = info.putObject("contact");
        contact.put("name", "StreamCream开发团队");
        contact.put("email", "support@streamcream.com");
        ArrayNode servers = root.putArray("servers");
        for (Service service : SERVICES) {
            servers.add(server(service));
        }
        ArrayNode tags = root.putArray("tags");
        ArrayNode security = root.putArray("security");
        ObjectNode paths = root.putObject("paths");
        ObjectNode components = root.putObject("components");
        for (Service service : SERVICES) {
            String text = documents.get(service.name());
            if (text == null) {
                throw new IllegalArgumentException("missing document of " + service.name());
            }
            JsonNode document = read(text);
            for (JsonNode tag : document.path("tags")) {
                boolean known = false;
                for (JsonNode existing : tags) {
                    known |= existing.path("name").equals(tag.path("name"));
                }
                if (!known) {
                    tags.add(tag.deepCopy());
                }
            }
            if (security.isEmpty() && !document.path("security").isEmpty()) {
                security.addAll((ArrayNode) document.get("security").deepCopy());
            }
            document.path("paths").properties().forEach(entry -> addPath(paths, entry.getKey(), entry.getValue(), service));
            document.path("components").properties().forEach(section -> {
                ObjectNode target = components.has(section.getKey())
                        ? (ObjectNode) components.get(section.getKey())
                        : components.putObject(section.getKey());
                section.getValue().properties().forEach(component -> {
                    JsonNode existing = target.get(component.getKey());
                    if (existing != null && !existing.equals(component.getValue())) {
                        throw new IllegalStateException("components." + section.getKey() + "." + component.getKey()
                                + " differs between documents (" + service.name() + ")");
                    }
                    target.set(component.getKey(), component.getValue().deepCopy());
                });
            });
            document.properties().stream().filter(e -> e.getKey().startsWith("x-websocket")).forEach(e -> {
                ObjectNode websocket = e.getValue().deepCopy();
                websocket.put("server", service.url().replace("http://", "ws://"));
                root.set(e.getKey(), websocket);
            });
        }
        root.set("paths", paths);
        root.set("components", components);
        return root;
    }

    /**
     * @param document a document
     * @return it as YAML
     */
    public static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the service documents from the classpath and merges them.
     *
     * @param loader where the service documents are
     * @return the combined document
     */
    public static ObjectNode combineFromClasspath(ClassLoader loader) {
        Map<String, String> documents = new java.util.LinkedHashMap<>();
        for (Service service : SERVICES) {
            documents.put(service.name(), resource(loader, service.resource()));
        }
        return combine(documents);
    }

    /**
     * @param loader   class loader
     * @param resource resource name
     * @return its text
     */
    public static String resource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param yaml YAML text
     * @return its tree
     */
    public static JsonNode read(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addPath(ObjectNode paths, String path, JsonNode item, Service service) {
        ObjectNode copy = item.deepCopy();
        JsonNode existing = paths.get(path);
        if (existing == null) {
            ArrayNode servers = copy.putArray("servers");
            servers.add(server(service));
            paths.set(path, reorder(copy));
            return;
        }
        ObjectNode withoutServers = existing.deepCopy();
        withoutServers.remove("servers");
        if (!withoutServers.equals(copy)) {
            throw new IllegalStateException("path " + path + " is defined differently by " + service.name()
                    + " and an earlier service");
        }
        ((ArrayNode) existing.get("servers")).add(server(service));
    }

    /** Puts {@code servers} first in a path item. */
    private static ObjectNode reorder(ObjectNode item) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        ordered.set("servers", item.get("servers"));
        Iterator<Map.Entry<String, JsonNode>> fields = item.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("servers")) {
                ordered.set(field.getKey(), field.getValue());
            }
        }
        return ordered;
    }

    private static ObjectNode server(Service service) {
        ObjectNode server = JsonNodeFactory.instance.objectNode();
        server.put("url", service.url());
        server.put("description", service.description());
        return server;
    }
}
