package io.streamcream.nativebindings.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds ONNX models in memory for tests, without Python or protobuf-java.
 * <p>
 * Field numbers follow {@code onnx.proto}: ModelProto (ir_version 1, producer_name 2, domain 4, model_version 5,
 * doc_string 6, graph 7, opset_import 8, metadata_props 14), GraphProto (node 1, name 2, initializer 5, input 11,
 * output 12), NodeProto (input 1, output 2, name 3, op_type 4, attribute 5), AttributeProto (name 1, f 2, i 3, s 4,
 * floats 7, ints 8, type 20), TensorProto (dims 1, data_type 2, name 8, raw_data 9), ValueInfoProto (name 1, type 2),
 * TypeProto (tensor_type 1), TypeProto.Tensor (elem_type 1, shape 2), TensorShapeProto (dim 1), Dimension
 * (dim_value 1, dim_param 2), OperatorSetIdProto (domain 1, version 2), StringStringEntryProto (key 1, value 2).
 */
public final class OnnxModelBuilder {
    /** ONNX element type codes (same numbers as {@code ONNXTensorElementDataType}). */
    public static final int FLOAT = 1;
    /** int8. */
    public static final int INT8 = 3;
    /** int32. */
    public static final int INT32 = 6;
    /** int64. */
    public static final int INT64 = 7;
    /** bool. */
    public static final int BOOL = 9;
    /** float16. */
    public static final int FLOAT16 = 10;
    /** double. */
    public static final int DOUBLE = 11;

    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_STRING = 3;
    private static final int ATTR_INTS = 7;

    private final String graphName;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String producer = "streamcream-tests";
    private String domain = "io.streamcream.test";
    private String docString = "";
    private long modelVersion = 1;
    private long irVersion = 8;
    private long opset = 17;
    private int nodeCounter;

    private OnnxModelBuilder(String graphName) {
        this.graphName = graphName;
    }

    /**
     * Starts a model.
     *
     * @param graphName graph name
     * @return the builder
     */
    public static OnnxModelBuilder graph(String graphName) {
        return new OnnxModelBuilder(graphName);
    }

    /**
     * Sets producer name, domain, description and model version.
     *
     * @param producerName producer
     * @param modelDomain  domain
     * @param description  doc string
     * @param version      model version
     * @return this
     */
    public OnnxModelBuilder info(String producerName, String modelDomain, String description, long version) {
        this.producer = producerName;
        this.domain = modelDomain;
        this.docString = description;
        this.modelVersion = version;
        return this;
    }

    /**
     * Adds a {@code metadata_props} entry.
     *
     * @param key   key
     * @param value value
     * @return this
     */
    public OnnxModelBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /**
     * Sets the default-domain opset version (17 unless changed).
     *
     * @param version opset
     * @return this
     */
    public OnnxModelBuilder opset(long version) {
        this.opset = version;
        return this;
    }

    /**
     * Declares a graph input. Dimensions are {@code Long} values or {@code String} symbolic names.
     *
     * @param name     input name
     * @param elemType element type code
     * @param dims     dimensions
     * @return this
     */
    public OnnxModelBuilder input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /**
     * Declares a graph output.
     *
     * @param name     output name
     * @param elemType element type code
     * @param dims     dimensions ({@code Long} or {@code String})
     * @return this
     */
    public OnnxModelBuilder output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /**
     * Adds a float initializer.
     *
     * @param name   name
     * @param values row-major values
     * @param dims   dimensions
     * @return this
     */
    public OnnxModelBuilder initializer(String name, float[] values, long... dims) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return initializer(name, FLOAT, buffer.array(), dims);
    }

    /**
     * Adds an int64 initializer.
     *
     * @param name   name
     * @param values values
     * @param dims   dimensions
     * @return this
     */
    public OnnxModelBuilder initializer(String name, long[] values, long... dims) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return initializer(name, INT64, buffer.array(), dims);
    }

    private OnnxModelBuilder initializer(String name, int type, byte[] raw, long[] dims) {
        ProtoWriter tensor = new ProtoWriter();
        for (long d : dims) {
            tensor.varint(1, d);
        }
        tensor.varint(2, type).string(8, name).bytes(9, raw);
        initializers.add(tensor);
        return this;
    }

    /**
     * Adds a node.
     *
     * @param opType     operator, e.g. {@code MatMul}
     * @param nodeInputs input names
     * @param nodeOutputs output names
     * @param attributes attributes: {@code Long}, {@code Float}, {@code String} or {@code long[]} values
     * @return this
     */
    public OnnxModelBuilder node(String opType, List<String> nodeInputs, List<String> nodeOutputs,
                                 Map<String, Object> attributes) {
        ProtoWriter node = new ProtoWriter();
        nodeInputs.forEach(i -> node.string(1, i));
        nodeOutputs.forEach(o -> node.string(2, o));
        node.string(3, opType.toLowerCase() + "_" + nodeCounter++).string(4, opType);
        attributes.forEach((key, value) -> node.message(5, attribute(key, value)));
        nodes.add(node);
        return this;
    }

    /**
     * Adds a node without attributes.
     *
     * @param opType      operator
     * @param nodeInputs  input names
     * @param nodeOutputs output names
     * @return this
     */
    public OnnxModelBuilder node(String opType, List<String> nodeInputs, List<String> nodeOutputs) {
        return node(opType, nodeInputs, nodeOutputs, Map.of());
    }

    /**
     * Serializes the {@code ModelProto}.
     *
     * @return model bytes for {@code Environment.createSession(byte[], ...)}
     */
    public byte[] build() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, graphName);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        ProtoWriter model = new ProtoWriter()
                .varint(1, irVersion)
                .string(2, producer)
                .string(4, domain)
                .varint(5, modelVersion)
                .string(6, docString)
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, opset));
        metadata.forEach((k, v) -> model.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return model.toByteArray();
    }

    private static ProtoWriter valueInfo(String name, int elemType, Object[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object dim : dims) {
            ProtoWriter d = new ProtoWriter();
            if (dim instanceof String symbolic) {
                d.string(2, symbolic);
            } else {
                d.varint(1, ((Number) dim).longValue());
            }
            shape.message(1, d);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    private static ProtoWriter attribute(String name, Object value) {
        ProtoWriter a = new ProtoWriter().string(1, name);
        switch (value) {
            case Float f -> a.float32(2, f).varint(20, ATTR_FLOAT);
            case Integer i -> a.varint(3, i).varint(20, ATTR_INT);
            case Long l -> a.varint(3, l).varint(20, ATTR_INT);
            case String s -> a.string(4, s).varint(20, ATTR_STRING);
            case long[] ints -> {
                for (long v : ints) {
                    a.varint(8, v);
                }
                a.varint(20, ATTR_INTS);
            }
            default -> throw new IllegalArgumentException("unsupported attribute value " + value);
        }
        return a;
    }

    // ---- ready-made models used by several tests and the benchmarks ----

    /**
     * {@code y = x + c} with {@code x, y: float[1,n]} and {@code c = [0, 10, 20, ...]}.
     *
     * @param n width
     * @return model bytes
     */
    public static byte[] addConstant(int n) {
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = 10f * i;
        }
        return graph("add").input("x", FLOAT, 1L, (long) n).output("y", FLOAT, 1L, (long) n)
                .initializer("c", c, 1, n)
                .node("Add", List.of("x", "c"), List.of("y"))
                .build();
    }

    /**
     * {@code y = Relu(x · W + b)} with {@code x: float[batch,2]}, {@code W = [[1,2],[3,4]]}, {@code b = [0.5, -100]}.
     *
     * @return model bytes
     */
    public static byte[] matMulAddRelu() {
        return graph("mlp").input("x", FLOAT, "batch", 2L).output("y", FLOAT, "batch", 2L)
                .initializer("W", new float[] {1, 2, 3, 4}, 2, 2)
                .initializer("b", new float[] {0.5f, -100f}, 2)
                .node("MatMul", List.of("x", "W"), List.of("xw"))
                .node("Add", List.of("xw", "b"), List.of("xwb"))
                .node("Relu", List.of("xwb"), List.of("y"))
                .build();
    }
}
