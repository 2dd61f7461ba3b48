package io.lokiz.assets;

import java.util.UUID;

/** An image as {@code POST /api/images} answers it; the URL is made when it is sent. */
public record StoredImage(UUID id, String url, int width, int height, String contentType) {
}
