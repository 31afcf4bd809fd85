package io.streamcream.sovits.bundle;

import java.util.List;

import io.streamcream.nativebindings.ort.NodeInfo;
import io.streamcream.nativebindings.ort.Session;

/** Compares a loaded graph's inputs and outputs with the manifest and names the first mismatch. */
final class GraphValidator {
    private GraphValidator() {
    }

    static void validate(String bundle, GraphSpec spec, Session session) {
        String where = "bundle " + bundle + ": graph " + spec.role().key() + " (" + spec.file() + ")";
        compare(where, "input", spec.inputs(), session.inputs());
        compare(where, "output", spec.outputs(), session.outputs());
    }

    private static void compare(String where, String kind, List<TensorSpec> declared, List<NodeInfo> actual) {
        for (TensorSpec t : declared) {
            NodeInfo n = actual.stream().filter(a -> a.name().equals(t.name())).findFirst()
                    .orElseThrow(() -> new BundleException(where + " has no " + kind + " \"" + t.name()
                            + "\" (the manifest declares it; the graph's " + kind + "s are " + names(actual) + ")"));
            String prefix = where + " " + kind + " \"" + t.name() + "\": ";
            if (n.elementType() != t.type()) {
                throw new BundleException(prefix + "element type is " + TensorSpec.typeName(n.elementType())
                        + ", the manifest declares " + TensorSpec.typeName(t.type()));
            }
            if (n.shape().size() != t.rank()) {
                throw new BundleException(prefix + "rank is " + n.shape().size() + " " + n.shape()
                        + ", the manifest declares " + t.describe());
            }
            for (int d = 0; d < t.rank(); d++) {
                long graphDim = n.shape().get(d);
                long manifestDim = t.dim(d);
                if (graphDim >= 0 && manifestDim >= 0 && graphDim != manifestDim) {
                    throw new BundleException(prefix + "dimension " + d + " is " + graphDim + ", the manifest declares "
                            + t.describe());
                }
                if (graphDim >= 0 && manifestDim < 0) {
                    throw new BundleException(prefix + "dimension " + d + " is fixed at " + graphDim
                            + " in the graph but dynamic (\"" + t.symbols().get(d) + "\") in the manifest " + t.describe());
                }
            }
        }
        for (NodeInfo n : actual) {
            if (declared.stream().noneMatch(t -> t.name().equals(n.name()))) {
                throw new BundleException(where + " has the " + kind + " \"" + n.name()
                        + "\", which the manifest does not declare (declared: "
                        + declared.stream().map(TensorSpec::name).toList() + ")");
            }
        }
    }

    private static List<String> names(List<NodeInfo> nodes) {
        return nodes.stream().map(NodeInfo::name).toList();
    }
}
