package dev.mxbridge.testkit.telegram;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Every file the fake knows, by {@code file_id} and by {@code file_path}. Ids are random and opaque, as Telegram's
 * are; a file id stays valid for the life of the fake. Guarded by the World lock.
 */
final class FileStore {
    /** The long sides of the sizes Telegram makes of a photo, smaller than the photo itself. */
    private static final int[] PHOTO_BOXES = {90, 320, 800, 1280};

    private final SecureRandom random = new SecureRandom();
    private final Map<String, StoredFile> byId = new HashMap<>();
    private final Map<String, StoredFile> byPath = new HashMap<>();
    /** Every size of a photo, by the file id of any of them, so a photo sent again by file id keeps its sizes. */
    private final Map<String, List<StoredFile>> photoSizes = new HashMap<>();
    private int counter;

    StoredFile store(String directory, byte[] bytes, String fileName, String mimeType, int width, int height) {
        String path = directory + "/file_" + (++counter) + extension(fileName, mimeType);
        StoredFile file = new StoredFile(randomId(33), randomId(12), path, bytes, bytes.length, fileName, mimeType,
                width, height);
        byId.put(file.fileId(), file);
        byPath.put(path, file);
        return file;
    }

    /**
     * The sizes of a photo, smallest first, ending with the original's dimensions.
     *
     * @throws ApiError {@code IMAGE_PROCESS_FAILED}, as Telegram answers, when the bytes are not an image
     */
    List<StoredFile> photo(byte[] bytes) {
        int[] size = imageSize(bytes).orElseThrow(() -> ApiError.badRequest("IMAGE_PROCESS_FAILED"));
        List<StoredFile> sizes = new ArrayList<>();
        int longSide = Math.max(size[0], size[1]);
        for (int box : PHOTO_BOXES) {
            if (box < longSide) {
                double scale = (double) box / longSide;
                sizes.add(store("photos", bytes, "", "image/jpeg", Math.max(1, (int) Math.round(size[0] * scale)),
                        Math.max(1, (int) Math.round(size[1] * scale))));
            }
        }
        sizes.add(store("photos", bytes, "", "image/jpeg", size[0], size[1]));
        List<StoredFile> result = List.copyOf(sizes);
        result.forEach(f -> photoSizes.put(f.fileId(), result));
        return result;
    }

    /** The sizes of the photo the file belongs to, or just the file if it is no photo. */
    List<StoredFile> photoOf(StoredFile file) {
        return photoSizes.getOrDefault(file.fileId(), List.of(file));
    }

    Optional<StoredFile> byId(String fileId) {
        return Optional.ofNullable(byId.get(fileId));
    }

    Optional<StoredFile> byPath(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Width and height, if ImageIO can read the bytes. */
    static Optional<int[]> imageSize(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            return image == null ? Optional.empty() : Optional.of(new int[] {image.getWidth(), image.getHeight()});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String randomId(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String extension(String fileName, String mimeType) {
        int dot = fileName.lastIndexOf('.');
        if (dot >= 0 && dot < fileName.length() - 1) {
            return fileName.substring(dot);
        }
        return switch (mimeType) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/webp" -> ".webp";
            case "audio/ogg" -> ".oga";
            case "audio/mpeg" -> ".mp3";
            case "video/mp4" -> ".mp4";
            case "video/webm" -> ".webm";
            case "application/x-tgsticker" -> ".tgs";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }
}
