package io.waas.crypto;

/** The life-cycle state of a data key. */
public enum KeyStatus {
  /** Usable for decryption, and for encryption when it is the primary key. */
  ENABLED(1),
  /** Kept but refused for every operation until enabled again. */
  DISABLED(2),
  /** Key material erased: ciphertexts under this key are permanently unreadable. */
  DESTROYED(3);

  private final int code;

  KeyStatus(int code) {
    this.code = code;
  }

  /**
   * Returns the status's code in the key store format.
   *
   * @return the code
   */
  public int code() {
    return code;
  }

  /**
   * Looks a status up by code.
   *
   * @param code the stored code
   * @return the status
   * @throws IllegalArgumentException if the code is unknown
   */
  public static KeyStatus byCode(int code) {
    for (KeyStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown key status code " + code);
  }
}
