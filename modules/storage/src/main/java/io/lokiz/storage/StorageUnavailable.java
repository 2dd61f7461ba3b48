package io.lokiz.storage;

import java.io.IOException;

/**
 * The object store did not take or give what was asked (down, unreachable, refusing our keys).
 * Nothing was half-written; asking again later may well succeed. The API answers it with
 * {@code 503 storage-unavailable}; finished jobs keep their files and retry.
 */
public class StorageUnavailable extends IOException {

    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
