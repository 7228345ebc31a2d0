/// Which architectures Secateur can run, keyed by HF `model_type` or GGUF `general.architecture`.
/// Every entry maps to one implementation file; today that is `LlamaModel` (LLaMA, Mistral, Qwen2).
public enum ArchitectureRegistry {
    /// Names served by `LlamaModel`.
    public static let llamaFamily = ["llama", "mistral", "qwen2"]

    /// Every supported name.
    public static var known: [String] { llamaFamily }
}
