/// `secateur [--db FILE] [--bail] [-i] [-c COMMANDS] [SCRIPT ...]`, parsed.
struct CommandLineOptions: Equatable {
    /// The database (`--db`); nil: `SECATEUR_DB` or `secateur.db`.
    var database: String?
    /// Stop at the first failing command and exit non-zero.
    var bail = false
    /// Commands given with `-c`, in order.
    var commands: [String] = []
    /// Scripts to run, in order.
    var scripts: [String] = []
    /// `-i`: after the scripts and `-c` commands, open the line editor instead of exiting.
    var interactive = false
    /// `--help` was given.
    var showHelp = false
    /// `--version` was given.
    var showVersion = false

    /// The usage text for `--help` and option errors.
    static let usage = """
        usage: secateur [--db FILE] [--bail] [-i] [-c COMMANDS] [SCRIPT ...]

          --db FILE      the store (default: $SECATEUR_DB, else ./secateur.db)
          --bail         stop at the first failing command and exit with status 1
          -c COMMANDS    run these commands (may be repeated), then exit
          SCRIPT         run the statements in these files, then exit
          -i, --interactive  after the -c commands and scripts, open the line editor
          --help         this text;  --version: the version

        Without -c or scripts, commands are read from stdin when it is not a terminal,
        else interactively (type .help for help, Ctrl-D to leave).
        """

    /// Parses the arguments after the program name.
    static func parse(_ arguments: [String]) throws(OptionError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var index = 0
        var onlyScripts = false
        func value(for option: String) throws(OptionError) -> String {
            index += 1
            guard index < arguments.count else { throw .missingValue(option) }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if onlyScripts || !argument.hasPrefix("-") || argument == "-" {
                options.scripts.append(argument)
            } else if argument == "--" {
                onlyScripts = true
            } else if argument == "--db" {
                options.database = try value(for: argument)
            } else if argument.hasPrefix("--db=") {
                options.database = String(argument.dropFirst("--db=".count))
            } else if argument == "--bail" {
                options.bail = true
            } else if argument == "-c" || argument == "--command" {
                options.commands.append(try value(for: argument))
            } else if argument == "-i" || argument == "--interactive" {
                options.interactive = true
            } else if argument == "-h" || argument == "--help" {
                options.showHelp = true
            } else if argument == "--version" {
                options.showVersion = true
            } else {
                throw .unknownOption(argument)
            }
            index += 1
        }
        if options.database?.isEmpty == true { throw .missingValue("--db") }
        return options
    }
}

/// A command line that cannot be parsed.
enum OptionError: Error, CustomStringConvertible, Equatable {
    /// An option that does not exist.
    case unknownOption(String)
    /// An option without its value.
    case missingValue(String)

    var description: String {
        switch self {
        case .unknownOption(let option): return "unknown option \(option)"
        case .missingValue(let option): return "\(option) needs a value"
        }
    }
}
