using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>A list of SDK values (Collection&lt;T&gt; plus AddRange/ToArray), as in the real SDK.</summary>
    public class DataCollection<T> : Collection<T>
    {
        // The real SDK exposes no constructor: only the SDK creates these (ColumnSet.Columns, EntityCollection.Entities...).
        internal DataCollection() { }

        internal DataCollection(IList<T> list) : base(new List<T>(list)) { }

        public void AddRange(params T[] items)
        {
            if (items == null) return;
            AddRange((IEnumerable<T>)items);
        }

        public void AddRange(IEnumerable<T> items)
        {
            if (items == null) return;
            foreach (var item in items) Add(item);
        }

        public T[] ToArray()
        {
            var result = new T[Count];
            CopyTo(result, 0);
            return result;
        }
    }

    /// <summary>
    /// Keyed SDK collection (attributes, parameters, images...). Like the real SDK it wraps a dictionary:
    /// the indexer's getter throws <see cref="KeyNotFoundException"/> for a missing key, its setter adds or
    /// replaces, <see cref="Add(TKey, TValue)"/> throws <see cref="System.ArgumentException"/> on a duplicate key,
    /// keys are compared with the default (for strings: ordinal, case-sensitive) comparer; enumeration follows
    /// insertion order while nothing is removed (a dictionary's, not a guarantee of the real SDK).
    /// </summary>
    public abstract class DataCollection<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    {
        private readonly Dictionary<TKey, TValue> _inner;

        protected DataCollection()
        {
            _inner = new Dictionary<TKey, TValue>();
        }

        protected DataCollection(IDictionary<TKey, TValue> dictionary)
        {
            _inner = new Dictionary<TKey, TValue>(dictionary);
        }

        public virtual TValue this[TKey key]
        {
            get
            {
                if (_inner.TryGetValue(key, out TValue value)) return value;
                // The message the Dataverse sandbox (.NET Framework) shows; .NET's own would add the key.
                throw new KeyNotFoundException(MissingKeyMessage);
            }
            set { _inner[key] = value; }
        }

        internal const string MissingKeyMessage = "The given key was not present in the dictionary.";

        public int Count => _inner.Count;

        public bool IsReadOnly => false;

        public ICollection<TKey> Keys => _inner.Keys;

        public ICollection<TValue> Values => _inner.Values;

        public void Add(TKey key, TValue value) => _inner.Add(key, value);

        public void Add(KeyValuePair<TKey, TValue> item) => _inner.Add(item.Key, item.Value);

        public void AddRange(params KeyValuePair<TKey, TValue>[] items)
        {
            if (items == null) return;
            AddRange((IEnumerable<KeyValuePair<TKey, TValue>>)items);
        }

        public void AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items)
        {
            if (items == null) return;
            foreach (var item in items) Add(item);
        }

        public void Clear() => _inner.Clear();

        public bool Contains(TKey key) => _inner.ContainsKey(key);

        public bool ContainsKey(TKey key) => _inner.ContainsKey(key);

        public bool Contains(KeyValuePair<TKey, TValue> key) => ((ICollection<KeyValuePair<TKey, TValue>>)_inner).Contains(key);

        public void CopyTo(KeyValuePair<TKey, TValue>[] array, int index) => ((ICollection<KeyValuePair<TKey, TValue>>)_inner).CopyTo(array, index);

        public bool Remove(TKey key) => _inner.Remove(key);

        public bool Remove(KeyValuePair<TKey, TValue> item) => ((ICollection<KeyValuePair<TKey, TValue>>)_inner).Remove(item);

        public bool TryGetValue(TKey key, out TValue value) => _inner.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _inner.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _inner.GetEnumerator();
    }
}
