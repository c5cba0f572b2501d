package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void plainAndDashedHexIdsAreValidInEitherCase() {
        assertThat(Ids.isValid("9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3")).isTrue();
        assertThat(Ids.isValid("9F3C2A7E4B1D4E8FA0C65D2B7E19F4A3")).isTrue();
        assertThat(Ids.isValid("1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57")).isTrue();
    }

    @Test
    void wrongLengthsMisplacedDashesAndNonHexAreInvalid() {
        assertThat(Ids.isValid(null)).isFalse();
        assertThat(Ids.isValid("")).isFalse();
        assertThat(Ids.isValid("xyz")).isFalse();
        assertThat(Ids.isValid("0")).isFalse();
        assertThat(Ids.isValid("9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3ab")).isFalse();
        assertThat(Ids.isValid("1c8e5b2a7-d4f-4a9e-8b3c-6f2d0e9a1b57")).isFalse();
        assertThat(Ids.isValid("gf3c2a7e4b1d4e8fa0c65d2b7e19f4a3")).isFalse();
    }

    @Test
    void aNewUaidIsThirtyTwoLowerCaseHexWithVersionFourBits() {
        String uaid = Ids.newUaid();

        assertThat(uaid).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
        assertThat(Ids.newUaid()).isNotEqualTo(uaid);
    }
}
