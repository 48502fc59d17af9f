// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace billing::contract {

// How a list's text term `q` was matched: as a substring of the searched fields (three characters or
// more), or as the start of an id or name (shorter terms).
namespace SearchMode {
inline constexpr auto Substring = "substring";
inline constexpr auto Prefix = "prefix";
} // namespace SearchMode

// One page of a list: `{"total": N, "items": [...]}` (the API's list shape, resources/openapi.json).
template<typename T>
struct Page {
    qint64 total = 0;
    qint64 offset = 0;
    QList<T> items;
    QString search; // how a text term was matched (SearchMode); empty when none was given

    QJsonObject toJson() const
    {
        QJsonArray array;
        for (const T &item : items)
            array.append(item.toJson());
        QJsonObject json{{"total", total}, {"offset", offset}, {"items", array}};
        if (!search.isEmpty())
            json.insert("search", search);
        return json;
    }

    // The same page as compact JSON bytes, written directly, for items that write themselves
    // (T::writeJson): the API's most frequent answer.
    QByteArray toJsonText() const requires requires(const T &item, JsonWriter &out) { item.writeJson(out); }
    {
        JsonWriter out;
        out.reserve(64 + items.size() * 512);
        out.beginObject().key("items").beginArray();
        for (const T &item : items)
            item.writeJson(out);
        out.endArray().key("offset").integer(offset);
        if (!search.isEmpty())
            out.key("search").string(search);
        out.key("total").integer(total).endObject();
        return out.take();
    }

    static Page fromJson(const QJsonObject &json)
    {
        Page page;
        page.total = json.value("total").toInteger();
        page.offset = json.value("offset").toInteger();
        page.search = json.value("search").toString();
        const QJsonArray array = json.value("items").toArray();
        page.items.reserve(array.size());
        for (const auto &item : array)
            page.items.append(T::fromJson(item.toObject()));
        return page;
    }
};

} // namespace billing::contract
