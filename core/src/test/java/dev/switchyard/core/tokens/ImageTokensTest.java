package dev.switchyard.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageTokensTest {

    @Test
    void openAiCountsTilesOfTheScaledImageAsItsPricingPageDoes() {
        assertThat(ImageTokens.openAiTokens(new ImageTokens.Size(1024, 1024), "high")).isEqualTo(765);
        assertThat(ImageTokens.openAiTokens(new ImageTokens.Size(2048, 4096), null)).as("to 1024 x 2048, then 768 x 1536").isEqualTo(1105);
        assertThat(ImageTokens.openAiTokens(new ImageTokens.Size(512, 512), "auto")).isEqualTo(255);
        assertThat(ImageTokens.openAiTokens(new ImageTokens.Size(4000, 3000), "low")).isEqualTo(85);
    }

    @Test
    void anthropicCountsTheAreaOverSevenHundredFiftyAfterTheLongEdgeFits() {
        assertThat(ImageTokens.anthropicTokens(new ImageTokens.Size(1000, 1000))).isEqualTo(1334);
        assertThat(ImageTokens.anthropicTokens(new ImageTokens.Size(3000, 1500))).as("to 1568 x 784").isEqualTo(1640);
    }

    @Test
    void theWorstCasesBoundEverySize() {
        int openAi = 0;
        int anthropic = 0;
        for (int width = 64; width <= 8192; width += 64) {
            for (int height = 64; height <= 8192; height += 64) {
                openAi = Math.max(openAi, ImageTokens.openAiTokens(new ImageTokens.Size(width, height), "high"));
                anthropic = Math.max(anthropic, ImageTokens.anthropicTokens(new ImageTokens.Size(width, height)));
            }
        }
        assertThat(openAi).isEqualTo(ImageTokens.OPENAI_MOST).isEqualTo(1445);
        assertThat(anthropic).isEqualTo(ImageTokens.ANTHROPIC_MOST).isEqualTo(3279);
        assertThat(ImageTokens.forProvider("openai", null, null)).isEqualTo(1445);
        assertThat(ImageTokens.forProvider("openai", null, "low")).isEqualTo(85);
        assertThat(ImageTokens.forProvider("google", new ImageTokens.Size(1000, 1000), null)).isEqualTo(1334);
    }

    @Test
    void readsTheSizeFromPngJpegAndGifHeaders() throws Exception {
        for (String format : new String[] {"png", "jpg", "gif"}) {
            BufferedImage image = new BufferedImage(300, 170, format.equals("gif") ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, bytes)).isTrue();
            assertThat(ImageTokens.ofBase64(Base64.getEncoder().encodeToString(bytes.toByteArray()))).as(format)
                    .isEqualTo(new ImageTokens.Size(300, 170));
        }
        assertThat(ImageTokens.ofUrl("https://example.com/a.png")).as("not fetched").isNull();
        assertThatThrownBy(() -> ImageTokens.ofBase64("aGVsbG8=")).hasMessageContaining("could not be decoded");
    }
}
