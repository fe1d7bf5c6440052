using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// The messages an environment answers: every <see cref="MessageHandler"/> of this assembly, found by reflection
    /// (adding a message is adding one class), indexed by the request names each answers. docs/emulator.md lists them,
    /// checked by a test against <see cref="Messages"/>.
    /// </summary>
    internal sealed class MessageRegistry
    {
        private static readonly Lazy<IReadOnlyList<MessageHandler>> AllHandlers = new(() =>
            typeof(MessageHandler).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(MessageHandler).IsAssignableFrom(t))
                .Select(t => (MessageHandler)Activator.CreateInstance(t)!)
                .OrderBy(h => h.Message, StringComparer.Ordinal)
                .ToList());

        private readonly Dictionary<string, MessageHandler> _byName = new(StringComparer.Ordinal);

        public MessageRegistry(EnvironmentMetadata metadata)
        {
            foreach (var handler in AllHandlers.Value)
                foreach (var name in handler.RequestNames(metadata))
                {
                    if (_byName.TryGetValue(name, out var other))
                        throw new InvalidOperationException($"Two message handlers answer '{name}': {other.GetType().Name} and {handler.GetType().Name}.");
                    _byName[name] = handler;
                }
        }

        /// <summary>The handler of a request name, or null.</summary>
        public MessageHandler? Find(string requestName) => _byName.TryGetValue(requestName, out var h) ? h : null;

        /// <summary>The messages this environment answers, by their handlers' names (aliases not repeated; the solution's custom
        /// APIs as "CustomApi"), sorted.</summary>
        public IReadOnlyList<string> Messages => _byName.Values.Select(h => h.Message).Distinct().OrderBy(m => m, StringComparer.Ordinal).ToList();

        /// <summary>Every request name with the handler's message: "WinOpportunity" → "Win".</summary>
        public IReadOnlyDictionary<string, string> RequestNames => _byName.ToDictionary(kv => kv.Key, kv => kv.Value.Message, StringComparer.Ordinal);

        public NotSupportedException NotImplemented(string requestName)
        {
            var names = _byName.Keys.OrderBy(n => n, StringComparer.Ordinal).Select(n => _byName[n].Message == n ? n : $"{n} ({_byName[n].Message})");
            return new NotSupportedException($"The emulator does not implement the message '{requestName}'. Supported: {string.Join(", ", names)}.");
        }
    }
}
