package dev.switchyard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagesTest {

    @Test
    void openAiCountsTilesOfTheScaledImageAsItsPricingPageDoes() {
        assertThat(Images.openAiTokens(new Images.Size(1024, 1024), "high")).isEqualTo(765);
        assertThat(Images.openAiTokens(new Images.Size(2048, 4096), null)).as("to 1024 x 2048, then 768 x 1536").isEqualTo(1105);
        assertThat(Images.openAiTokens(new Images.Size(512, 512), "auto")).isEqualTo(255);
        assertThat(Images.openAiTokens(new Images.Size(4000, 3000), "low")).isEqualTo(85);
    }

    @Test
    void anthropicCountsTheAreaOverSevenHundredFiftyAfterTheLongEdgeFits() {
        assertThat(Images.anthropicTokens(new Images.Size(1000, 1000))).isEqualTo(1334);
        assertThat(Images.anthropicTokens(new Images.Size(3000, 1500))).as("to 1568 x 784").isEqualTo(1640);
    }

    @Test
    void readsTheSizeFromPngJpegAndGifHeaders() throws Exception {
        for (String format : new String[] {"png", "jpg", "gif"}) {
            BufferedImage image = new BufferedImage(300, 170, format.equals("gif") ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, bytes)).isTrue();
            assertThat(Images.ofBase64(Base64.getEncoder().encodeToString(bytes.toByteArray()))).as(format)
                    .isEqualTo(new Images.Size(300, 170));
        }
        assertThat(Images.ofUrl("https://example.com/a.png")).isEqualTo(new Images.Size(Images.ASSUMED_URL_SIDE, Images.ASSUMED_URL_SIDE));
        assertThatThrownBy(() -> Images.ofBase64("aGVsbG8=")).hasMessageContaining("could not be decoded");
    }
}
