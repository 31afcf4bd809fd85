package io.streamcream.nativebindings.cuda;

import java.io.Serial;

/**
 * A CUDA runtime call returned an error ({@code cudaError_t} other than {@code cudaSuccess}). Unchecked.
 */
public class CudaException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String errorName;

    /**
     * Creates the exception.
     *
     * @param call        the CUDA function that failed
     * @param code        the {@code cudaError_t}
     * @param errorName   {@code cudaGetErrorName(code)}
     * @param description {@code cudaGetErrorString(code)}
     */
    public CudaException(String call, int code, String errorName, String description) {
        super(call + " failed: " + errorName + " (" + code + "): " + description);
        this.code = code;
        this.errorName = errorName;
    }

    /**
     * The {@code cudaError_t} value.
     *
     * @return the code, e.g. 35
     */
    public int code() {
        return code;
    }

    /**
     * The error's name.
     *
     * @return e.g. {@code cudaErrorInsufficientDriver}
     */
    public String errorName() {
        return errorName;
    }
}
