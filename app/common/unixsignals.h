// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>

#include <initializer_list>
#include <memory>

class QSocketNotifier;

namespace billing::app {

// Unix signals as a Qt signal on the thread that made this object: the handler only writes the
// signal's number to a socket pair (all a handler may safely do), and the event loop reads it. While
// it lives, the signals given are caught; when it goes, their default actions come back.
class UnixSignals final : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignals(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    QList<int> m_signals;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace billing::app
